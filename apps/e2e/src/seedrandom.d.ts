// seedrandom ships no types; the e2e attacker uses only the callable default export.
declare module 'seedrandom' {
  export default function seedrandom(seed: string): () => number;
}
