/**
 * How long a provider asked us to wait, from the standard header or from the throttle messages
 * some providers put in the body instead ("Your rate limit resets in ~30s", `retryDelay: "30s"`).
 */
export function parseRetryAfterHeader(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return undefined;
}

const BODY_PATTERNS: RegExp[] = [
  /resets in ~?\s*(\d+(?:\.\d+)?)\s*s/i,
  /retry (?:again )?(?:in|after) ~?\s*(\d+(?:\.\d+)?)\s*(?:s\b|sec|second)/i,
  /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/,
];

export function parseRetryAfterText(text: string): number | undefined {
  for (const pattern of BODY_PATTERNS) {
    const match = pattern.exec(text);
    if (match?.[1]) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}
