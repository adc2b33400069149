// Values as a person reads them in a table cell: JSON (so 5 and "5" differ), cut short when long.
const maxLength = 120;

export function describeValue(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
