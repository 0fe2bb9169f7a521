/** The worker hook's bundle, as text (scripts/worker-hook-plugin.ts). */
declare module 'virtual:frametap-worker-hook' {
  const source: string;
  export default source;
}
