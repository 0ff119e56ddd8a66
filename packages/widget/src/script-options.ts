/**
 * Reads widget options from the script tag's `data-*` attributes, such as
 * `data-relay`, `data-lang`, `data-position`, `data-screenshot="false"`,
 * `data-debug` and `data-z-index`. Values it cannot read are kept as written,
 * so option checking reports them like any other bad option.
 */

/** Attribute words for yes and no; a bare attribute (`data-debug`) means yes. */
const BOOLEAN_WORDS = new Map<string, boolean>([
  ['', true],
  ['true', true],
  ['yes', true],
  ['on', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['off', false],
  ['0', false],
]);

/** Turns a script tag's dataset into options; absent attributes stay absent. */
export function readScriptOptions(
  dataset: Record<string, string | undefined>,
): Record<string, unknown> {
  // Only the tag's own attributes count: a page that added `debug` or
  // `relay` to Object.prototype must not switch options on.
  const read = (name: string) =>
    Object.prototype.hasOwnProperty.call(dataset, name) &&
    typeof dataset[name] === 'string'
      ? dataset[name]
      : undefined;

  const options: Record<string, unknown> = {
    relay: read('relay'),
    lang: read('lang'),
    position: read('position'),
    launcher: toBoolean(read('launcher')),
    screenshot: toBoolean(read('screenshot')),
    debug: toBoolean(read('debug')),
    zIndex: toInteger(read('zIndex')),
  };

  for (const key of Object.keys(options)) {
    if (options[key] === undefined) delete options[key];
  }
  return options;
}

function toBoolean(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;

  return BOOLEAN_WORDS.get(value.trim().toLowerCase()) ?? value;
}

function toInteger(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;

  return /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}
