/** Presets: `paper` = the paper's settings, `quick` = a few minutes on 2 cores, `tiny` = test size. */
export type Preset = "tiny" | "quick" | "paper";
export const PRESETS: readonly Preset[] = ["tiny", "quick", "paper"];

export function isPreset(v: string): v is Preset {
  return (PRESETS as readonly string[]).includes(v);
}

/** Seeds 0 … n−1, always all of them: no chosen seeds. */
export function seedList(n: number, base = 0): number[] {
  return Array.from({ length: n }, (_, i) => base + i);
}
