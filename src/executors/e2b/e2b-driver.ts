/**
 * Python run once in the E2B sandbox's Jupyter kernel: it defines `__smolagents`, the driver
 * the host talks to, one `runCode` cell per step.
 *
 * Why a thread: the sandbox cannot call the host, so a tool call has to end the cell and the host
 * has to answer in the next one. Running the model's code in a thread of the (persistent) kernel
 * lets it wait, frame intact, in the tool function while the cell returns: no re-execution of the
 * code, no lost state. Each cell waits at most `wait_s` seconds for the next event and prints it
 * as one marker line: `{"kind": "tool_call"|"done"|"pending"|"stuck", ...}`.
 *
 * `__RUNNER__` and `__CONFIG__` are replaced by JSON strings before the cell is sent.
 */
export const E2B_DRIVER_SOURCE = String.raw`
def __smolagents_make_driver(runner_source, config_json):
    import ctypes, json, queue, sys, threading
    marker = "\x1esmolagents-event:"
    out = sys.stdout  # the kernel's stdout: the runner swaps sys.stdout while code runs
    runner = {}
    state = {"thread": None, "events": queue.Queue(), "replies": queue.Queue()}

    def emit(event):
        out.write(marker + json.dumps(event) + "\n")
        out.flush()

    def host_call(name, args_json):
        state["events"].put({"kind": "tool_call", "name": name, "args": json.loads(args_json)})
        kind, payload = state["replies"].get()
        if kind == "cancel":
            raise KeyboardInterrupt()
        return payload

    exec(compile(runner_source, "<runner>", "exec"), runner)
    runner["configure"](config_json, host_call)

    def wait(wait_s):
        try:
            event = state["events"].get(timeout=max(0.0, float(wait_s)))
        except queue.Empty:
            emit({"kind": "pending"})
            return
        emit(event)

    def start(code, max_print_chars, wait_s):
        thread = state["thread"]
        if thread is not None and thread.is_alive():
            emit({"kind": "stuck"})
            return
        state["events"] = queue.Queue()
        state["replies"] = queue.Queue()
        events = state["events"]

        def work():
            events.put({"kind": "done", "result": json.loads(runner["execute"](code, max_print_chars))})

        state["thread"] = threading.Thread(target=work, name="smolagents-action", daemon=True)
        state["thread"].start()
        wait(wait_s)

    def resume(reply_json, wait_s):
        state["replies"].put(("reply", reply_json))
        wait(wait_s)

    def cancel(wait_s):
        thread = state["thread"]
        if thread is None or not thread.is_alive():
            emit({"kind": "stuck"})
            return
        state["replies"].put(("cancel", None))  # in case it waits on a tool
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(KeyboardInterrupt))
        try:
            event = state["events"].get(timeout=float(wait_s))
        except queue.Empty:
            emit({"kind": "stuck"})
            return
        emit(event)

    class Driver:
        pass

    driver = Driver()
    driver.start, driver.resume, driver.wait, driver.cancel = start, resume, wait, cancel
    driver.set_tools = lambda tools_json: (runner["set_tools"](tools_json), emit({"kind": "ok"}))
    driver.set_variables = lambda variables_json: (runner["set_variables"](variables_json), emit({"kind": "ok"}))
    return driver

__smolagents = __smolagents_make_driver(__RUNNER__, __CONFIG__)
del __smolagents_make_driver
print("\x1esmolagents-event:" + '{"kind": "ok"}')
`;

export const E2B_EVENT_MARKER = '\x1esmolagents-event:';
