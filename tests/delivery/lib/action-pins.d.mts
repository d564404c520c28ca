export interface ActionPin { action: string; release: string; sha: string; note?: string }
export const PINS_FILE: string;
export function readPins(repoRoot: string): ActionPin[];
export function checkPinnedReleases(text: string, pins: ActionPin[]): string[];
