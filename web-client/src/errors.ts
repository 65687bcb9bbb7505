// Turns API and hub failures into a message for people.
import { ApiError, NetworkError } from "./api";
import { hasKey, t } from "./i18n";

const hubCode = /\[([a-z_.]+)\]/;

/** The stable error code of an API problem or a hub error ("[code]" in the message), if any. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof ApiError) return err.code;
  const message = err instanceof Error ? err.message : typeof err === "string" ? err : "";
  return hubCode.exec(message)?.[1];
}

export function describeError(err: unknown): string {
  const code = errorCode(err);
  if (code) {
    const key = `err.${code}`;
    if (hasKey(key)) return t(key);
  }
  if (err instanceof NetworkError) return t("err.network");
  if (err instanceof ApiError) {
    if (err.title) return err.title;
    const key = `err.http${err.status}`;
    if (hasKey(key)) return t(key);
  }
  return t("err.generic");
}

export function isUnauthorized(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}
