/**
 * The first node an expression names in `$('…')` or `$node["…"]`. n8n escapes a quote inside the name
 * with a backslash when it writes a reference (`$('Ann\'s Tickets')`), so escapes are part of the name.
 * The panel's row titles and warnings evaluate the same pattern in the editor (see description.ts).
 */
export const NODE_REFERENCE = /\$(?:\(\s*|node\[\s*)(['"])((?:\\.|(?!\1)[^\\])*)\1/;

/** A backslash escape in the name `NODE_REFERENCE` found: replaced by `$1`, the character it escapes. */
export const NAME_ESCAPE = /\\(.)/g;

/** The first node an expression names, for a message about a node that is not there. */
export function quotedNodeName(expression: string): string | undefined {
	return NODE_REFERENCE.exec(expression)?.[2].replace(NAME_ESCAPE, '$1');
}
