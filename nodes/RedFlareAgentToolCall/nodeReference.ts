/**
 * The first node an expression names in `$('…')` or `$node["…"]`. n8n escapes a quote inside the name
 * with a backslash when it writes a reference (`$('Ann\'s Tickets')`), so escapes are part of the name.
 * The panel's row titles and warnings evaluate the same pattern in the editor (see description.ts).
 */
export const NODE_REFERENCE = /\$(?:\(\s*|node\[\s*)(['"])((?:\\.|(?!\1)[^\\])*)\1/;

/** The node name `NODE_REFERENCE` found, with n8n's backslash escapes undone. */
export const unescapeNodeName = (quoted: string): string => quoted.replace(/\\(.)/g, '$1');

/** The first node an expression names, for a message about a node that is not there. */
export function quotedNodeName(expression: string): string | undefined {
	const quoted = NODE_REFERENCE.exec(expression)?.[2];
	return quoted === undefined ? undefined : unescapeNodeName(quoted);
}
