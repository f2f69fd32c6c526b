// "in 3 days", "tomorrow", "in 5 hours", "2 days ago": how far a due date is.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function countdown(due: Date, now: Date): string {
  const ms = due.getTime() - now.getTime();
  const ahead = ms >= 0;
  const abs = Math.abs(ms);
  let amount: string;
  if (abs < HOUR) {
    const minutes = Math.max(1, Math.round(abs / 60_000));
    amount = `${minutes} minute${minutes === 1 ? "" : "s"}`;
  } else if (abs < DAY) {
    const hours = Math.round(abs / HOUR);
    amount = `${hours} hour${hours === 1 ? "" : "s"}`;
  } else {
    const days = Math.round(abs / DAY);
    if (days === 1) return ahead ? "tomorrow" : "yesterday";
    amount = `${days} days`;
  }
  return ahead ? `in ${amount}` : `${amount} ago`;
}

/** "13 July 2027, 10:00 UTC" in the reader's language, in UTC (the forum's agenda). */
export function formatDue(due: Date, locale?: string): string {
  return new Intl.DateTimeFormat(locale ?? "en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(due);
}
