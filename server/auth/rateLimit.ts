// Counts failed logins in memory, per account and per client address, and says how long to wait when over the limit.
// Nothing here is persisted: addresses live only in this process's memory and only for the window.
import { ApiError } from "../errors";

export interface Limit {
  max: number;
  windowMs: number;
}

export interface LoginLimits {
  account: Limit;
  address: Limit;
}

export const defaultLoginLimits: LoginLimits = {
  account: { max: 5, windowMs: 15 * 60_000 },
  address: { max: 20, windowMs: 15 * 60_000 },
};

export class TooManyAttempts extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      "too_many_attempts",
      `Too many failed logins. Wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`,
    );
  }
}

class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit: Limit) {}

  /** Milliseconds until `key` may try again, or 0. */
  wait(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limit.max) return 0;
    const oldestThatCounts = recent[recent.length - this.limit.max] as number;
    return oldestThatCounts + this.limit.windowMs - now;
  }

  add(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    // Keep memory bounded under a spray of usernames or addresses: drop every expired key now and then.
    if (this.failures.size > 10_000) {
      for (const k of [...this.failures.keys()])
        if (this.recent(k, now).length === 0) this.failures.delete(k);
    }
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  /** Takes back the newest attempt of `key` (it turned out not to be a failure). */
  forgive(key: string): void {
    this.failures.get(key)?.pop();
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - this.limit.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }
}

export class LoginLimiter {
  private readonly accounts: FailureWindow;
  private readonly addresses: FailureWindow;

  constructor(limits: LoginLimits = defaultLoginLimits) {
    this.accounts = new FailureWindow(limits.account);
    this.addresses = new FailureWindow(limits.address);
  }

  /** Throws TooManyAttempts (429, with the seconds to wait) when the account or the address is over its limit. */
  check(account: string, address: string, now: Date): void {
    const t = now.getTime();
    const wait = Math.max(this.accounts.wait(account, t), this.addresses.wait(address, t));
    if (wait > 0) throw new TooManyAttempts(Math.max(1, Math.ceil(wait / 1000)));
  }

  fail(account: string, address: string, now: Date): void {
    this.accounts.add(account, now.getTime());
    this.addresses.add(address, now.getTime());
  }

  /**
   * A correct password clears the account's failures and takes back this attempt for the address (the address's
   * earlier failures stay: one address may try many accounts).
   */
  succeed(account: string, address: string): void {
    this.accounts.clear(account);
    this.addresses.forgive(address);
  }
}
