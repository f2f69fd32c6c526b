// The speaking-time limit built on the word count; twin of server/domain/words.py.
// Integer arithmetic only, so that client and server agree on every boundary.

export interface Limits {
  words: number;
  seconds: number;
  /** Words a minute. */
  speakingRate: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  words: 300,
  seconds: 120,
  speakingRate: 150,
});

export interface LimitStatus {
  words: number;
  seconds: number;
  /** Words left before the binding limit; negative when over. */
  wordsLeft: number;
  overLimit: boolean;
  nearLimit: boolean;
  /** Words to delete to get back within the limits (0 when not over). */
  overBy: number;
}

/** Seconds needed to deliver `words` at `rate` words a minute, rounded up. */
export function estimateSeconds(words: number, rate: number): number {
  if (rate <= 0) throw new RangeError("speaking rate must be positive");
  return Math.ceil((words * 60) / rate);
}

/** The most words that fit in the time limit at the speaking rate. */
function timeLimitWords(limits: Limits): number {
  return Math.floor((limits.seconds * limits.speakingRate) / 60);
}

/** Compare a word count with the limits. */
export function limitStatus(words: number, limits: Limits): LimitStatus {
  const rate = limits.speakingRate;
  const seconds = estimateSeconds(words, rate);
  const overWords = words > limits.words;
  const overTime = words * 60 > limits.seconds * rate;
  const overLimit = overWords || overTime;
  const nearWords = words * 10 >= limits.words * 9;
  const nearTime = words * 60 * 10 >= limits.seconds * rate * 9;
  const nearLimit = !overLimit && (nearWords || nearTime);
  const wordsLeft = Math.min(
    limits.words - words,
    timeLimitWords(limits) - words,
  );
  return {
    words,
    seconds,
    wordsLeft,
    overLimit,
    nearLimit,
    overBy: overLimit ? -wordsLeft : 0,
  };
}

/** Seconds as m:ss (85 -> "1:25", 120 -> "2:00"). */
export function formatSeconds(seconds: number): string {
  const sign = seconds < 0 ? "-" : "";
  const total = Math.abs(seconds);
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  return `${sign}${minutes}:${String(rest).padStart(2, "0")}`;
}

/**
 * The guard's decision on a change: null to allow it, else why it is refused. Shrinking or
 * keeping the count is always allowed; growing is allowed while the result stays within the
 * limits. Same sentences as the server.
 */
export function refuseGrowth(
  beforeWords: number,
  afterWords: number,
  limits: Limits,
): string | null {
  if (afterWords <= beforeWords) return null;
  if (!limitStatus(afterWords, limits).overLimit) return null;
  const left = limitStatus(beforeWords, limits).wordsLeft;
  if (left <= 0) {
    const cap = Math.min(limits.words, timeLimitWords(limits));
    return `The limit is ${cap} words (${formatSeconds(limits.seconds)}); delete words to add more.`;
  }
  const added = afterWords - beforeWords;
  return `This paste adds ${added} words; ${left} left.`;
}
