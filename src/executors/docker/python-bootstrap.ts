/**
 * The main loop of the Python process inside the container, passed as `python3 -u -c`. It speaks
 * JSON lines: commands on stdin, replies and tool calls on stdout. The Python runner itself (the
 * same one the Pyodide child uses) arrives in the first command, so the image needs nothing but
 * python3. A tool call blocks on stdin until the host writes the result: the process does nothing
 * else meanwhile.
 */
export const PYTHON_BOOTSTRAP = String.raw`
import json, os, sys
protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)  # a stray write to fd 1 must not corrupt the protocol
commands = sys.stdin

def send(text):
    protocol.write(text + "\n")
    protocol.flush()

def receive():
    while True:
        line = commands.readline()
        if not line:
            sys.exit(0)
        try:
            message = json.loads(line)
        except ValueError:
            continue  # not a message (see the leading newline the host sends)
        if isinstance(message, dict):
            return message

def host_call(name, args_json):
    send('{"type":"tool_call","name":%s,"args":%s}' % (json.dumps(name), args_json))
    while True:
        message = receive()
        if message.get("type") == "tool_result":
            return json.dumps(message["reply"])

runner = {}
send('{"type":"loaded","milliseconds":0}')
while True:
    message = receive()
    kind = message.get("type")
    try:
        if kind == "configure":
            exec(compile(message["runner"], "<runner>", "exec"), runner)
            runner["configure"](json.dumps(message["config"]), host_call)
            result = "null"
        elif kind == "tools":
            runner["set_tools"](message["json"])
            result = "null"
        elif kind == "variables":
            runner["set_variables"](message["json"])
            result = "null"
        elif kind == "execute":
            result = runner["execute"](message["code"], message["maxPrintChars"])
        else:
            continue
        send('{"type":"reply","id":%d,"ok":true,"result":%s}' % (message["id"], result))
    except KeyboardInterrupt:
        send(json.dumps({"type": "reply", "id": message.get("id"), "ok": False, "message": "KeyboardInterrupt"}))
    except BaseException as error:
        send(json.dumps({"type": "reply", "id": message.get("id"), "ok": False, "message": repr(error)}))
`;
