/** Kubernetes resource quantities ("100m", "0.5", "128Mi", "1G") as plain numbers, for comparisons. */
const SUFFIX_FACTORS: Record<string, number> = {
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

export function quantityToNumber(quantity: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) return Number.NaN;
  return Number(match[1]) * SUFFIX_FACTORS[match[2] ?? ''];
}
