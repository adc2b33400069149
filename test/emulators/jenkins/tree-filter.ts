// Jenkins' `tree` query parameter: `jobs[name,color]{0,10},description` keeps only the named
// properties, recursively, and `{from,to}` cuts arrays. Applied to the full JSON the emulator builds.

interface TreeField {
  name: string;
  children: TreeField[] | undefined;
  range: { from: number; to: number | undefined } | undefined;
}

export class TreeSyntaxError extends Error {}

export function parseTree(text: string): TreeField[] {
  let position = 0;
  const fields = (): TreeField[] => {
    const list: TreeField[] = [];
    for (;;) {
      const start = position;
      while (position < text.length && /[A-Za-z0-9_$]/.test(text[position] as string)) position++;
      const name = text.slice(start, position);
      if (!name) throw new TreeSyntaxError(`expected a property name at ${start} in tree=${text}`);
      let children: TreeField[] | undefined;
      if (text[position] === "[") {
        position++;
        children = fields();
        if (text[position] !== "]") throw new TreeSyntaxError(`expected ] at ${position} in tree=${text}`);
        position++;
      }
      let range: TreeField["range"];
      if (text[position] === "{") {
        const end = text.indexOf("}", position);
        if (end < 0) throw new TreeSyntaxError(`expected } in tree=${text}`);
        range = parseRange(text.slice(position + 1, end));
        position = end + 1;
      }
      list.push({ name, children, range });
      if (text[position] !== ",") return list;
      position++;
    }
  };
  const parsed = fields();
  if (position !== text.length) throw new TreeSyntaxError(`unexpected ${text[position]} in tree=${text}`);
  return parsed;
}

function parseRange(spec: string): TreeField["range"] {
  const [from, to] = spec.split(",");
  if (to === undefined) {
    const index = Number(from);
    return { from: index, to: index + 1 };
  }
  return { from: from ? Number(from) : 0, to: to ? Number(to) : undefined };
}

export function applyTree(value: unknown, fields: TreeField[]): unknown {
  if (Array.isArray(value)) return value.map((item) => applyTree(item, fields));
  if (typeof value !== "object" || value === null) return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ("_class" in source) out._class = source._class;
  for (const field of fields) {
    if (!(field.name in source)) continue;
    let child = source[field.name];
    if (Array.isArray(child) && field.range) child = child.slice(field.range.from, field.range.to);
    out[field.name] = field.children ? applyTree(child, field.children) : child;
  }
  return out;
}
