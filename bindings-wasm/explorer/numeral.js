// A number in Chinese numerals as the texts write them (23 → 二十三), for the texts the explorer
// shows from the data bundle before the module is ready; the module's chineseNumeral takes over
// then. test/numeral.test.mjs holds the two equal for every number the texts use.
export function previewNumeral(n) {
  const d = "〇一二三四五六七八九";
  if (n < 10) return d[n];
  if (n < 20) return `十${n % 10 ? d[n % 10] : ""}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ""}`;
  const rest = n % 100;
  const tail = rest === 0 ? "" : rest < 10 ? `零${d[rest]}` : rest < 20 ? `一${previewNumeral(rest)}` : previewNumeral(rest);
  return `${d[Math.floor(n / 100)]}百${tail}`;
}
