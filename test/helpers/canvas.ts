/** An example workflow's sticky notes: what they say, and where they sit on n8n's canvas (covering nothing). */
import type { INode } from 'n8n-workflow';

export const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

interface Box {
	name: string;
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** A sticky note's own size; any other node about 100 × 180 (a Route node with four outputs, and the name below it). */
function box(candidate: INode): Box {
	const [left, top] = candidate.position;
	const width = candidate.type === STICKY_NOTE ? Number(candidate.parameters.width) : 100;
	const height = candidate.type === STICKY_NOTE ? Number(candidate.parameters.height) : 180;
	return { name: candidate.name, left, top, right: left + width, bottom: top + height };
}

const overlap = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Every pair of nodes that cover each other on the canvas, as "A / B". */
export function coveredPairs(nodes: INode[]): string[] {
	const boxes = nodes.map(box);
	return boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.name} / ${b.name}`));
}

/** Everything the workflow's sticky notes say, one note after another. */
export function noteText(nodes: INode[]): string {
	return nodes
		.filter((node) => node.type === STICKY_NOTE)
		.map((node) => String(node.parameters.content))
		.join('\n');
}
