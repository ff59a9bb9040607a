/** What the bench Worker's `/listing/time` answers: query label → milliseconds per call, one per repetition. */
export type ListingTimings = Record<string, number[]>;
