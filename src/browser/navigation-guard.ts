/**
 * The origin policy on every request the browser makes (Playwright routing). Navigations (of the
 * page or a frame) to a URL the policy refuses are answered 204 No Content, which leaves the page
 * where it was. With allowed origins, redirects are followed here one hop at a time, each hop
 * checked: Playwright does not route redirects, so the browser would follow them unseen.
 */
import type { Route } from 'playwright-core';
import { renderPrompt } from '../prompts/template.js';
import type { WebAgentPrompts } from '../prompts/web-agent.js';
import { clip, firstLine, type Notices } from './notices.js';
import type { OriginPolicy, PolicyDecision } from './origin-policy.js';

export interface BlockedNavigation {
  url: string;
  reason: string;
  /** What the model is told when no action explains it. */
  notice: string;
  /** It stopped a redirect chain (the page shows why), rather than a navigation the page started (the page stayed). */
  inRedirect: boolean;
}

type Refused = Exclude<PolicyDecision, { allowed: true }>;

export class NavigationGuard {
  /** The last navigation refused, so that the action that caused it can say so (instead of its notice). */
  private lastBlocked?: BlockedNavigation | undefined;
  /** Where redirects sent the browser on: those navigations continue a load. */
  private readonly redirectHops = new Set<string>();

  constructor(
    readonly policy: OriginPolicy,
    private readonly prompts: WebAgentPrompts,
    private readonly notices: Notices,
    private readonly timeoutMs: number,
  ) {}

  async route(route: Route): Promise<void> {
    const request = route.request();
    if (!request.isNavigationRequest()) return route.continue().catch(() => undefined);
    const url = request.url();
    const continuing = this.redirectHops.delete(url);
    const decision = this.policy.check(url);
    if (!decision.allowed) return this.refuse(route, url, decision, continuing);
    if (!this.policy.restrictsOrigins) return route.continue().catch(() => undefined);
    try {
      const response = await route.fetch({ maxRedirects: 0, timeout: this.timeoutMs });
      const location = response.headers()['location'];
      if (response.status() >= 300 && response.status() < 400 && location) {
        const next = safeUrl(location, url);
        const hop = next ? this.policy.check(next) : ({ allowed: false, reason: 'invalid' } as const);
        if (!hop.allowed) return this.refuse(route, next?.href ?? location, hop, true);
        // A page that sends the browser on: the next hop is a new navigation, which comes back through here.
        if (this.redirectHops.size < 100) this.redirectHops.add(next!.href);
        const body = `<!doctype html><meta charset="utf-8"><script>location.replace(${JSON.stringify(next!.href).replace(/</g, '\\u003c')})</script>`;
        return await route.fulfill({ status: 200, contentType: 'text/html', body });
      }
      await route.fulfill({ response });
    } catch (error) {
      await route.abort('failed').catch(() => undefined);
      this.notices.add(renderPrompt(this.prompts.errors.navigationFailed, { url, reason: firstLine(error) }));
    }
  }

  /**
   * A refused navigation goes nowhere: 204 No Content leaves the page as it was. Inside a redirect
   * chain there is no page to keep (the load already left it), so a short page says why instead.
   */
  private async refuse(route: Route, url: string, decision: Refused, inRedirect: boolean): Promise<void> {
    const reason = this.refusal(url, decision);
    const notice = renderPrompt(this.prompts.notices.blockedNavigation, { url: clip(url, 300), reason });
    this.lastBlocked = { url, reason, notice, inRedirect };
    this.notices.add(notice);
    if (!inRedirect) return route.fulfill({ status: 204 }).catch(() => undefined);
    const escape = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
    const body = `<!doctype html><meta charset="utf-8"><title>${escape(this.prompts.errors.blockedPageTitle)}</title><p>${escape(reason)}</p>`;
    await route.fulfill({ status: 200, contentType: 'text/html', body }).catch(() => undefined);
  }

  /** The model-facing reason a URL is refused. */
  refusal(url: string, decision: Refused): string {
    const errors = this.prompts.errors;
    if (decision.reason === 'invalid') return renderPrompt(errors.invalidUrl, { url: clip(url, 300) });
    if (decision.reason === 'scheme') return renderPrompt(errors.blockedScheme, { url: clip(url, 300), schemes: this.policy.schemes.join(', ') });
    return renderPrompt(errors.blockedOrigin, { url: clip(url, 300), origins: this.policy.describeOrigins() });
  }

  /**
   * The navigation refused since the last call, if any, to explain a failed go_to or click (its
   * notice is then not repeated); with `inRedirectOnly`, only one that stopped a redirect chain.
   */
  takeBlocked(inRedirectOnly = false): BlockedNavigation | undefined {
    const blocked = this.lastBlocked;
    if (!blocked || (inRedirectOnly && !blocked.inRedirect)) return undefined;
    this.lastBlocked = undefined;
    this.notices.remove(blocked.notice);
    return blocked;
  }

  reset(): void {
    this.lastBlocked = undefined;
    this.redirectHops.clear();
  }
}

function safeUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}
