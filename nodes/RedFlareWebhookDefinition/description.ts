import type { INodeProperties, NodeHint } from 'n8n-workflow';

import { optionsProperty } from '../shared/options';
import { DEFINITION_VERSIONS } from '../shared/versions';
import { SECTION_PARAMETERS, webhookProperties } from '../shared/webhookProperties';

export const definitionNodeProperties: INodeProperties[] = [...webhookProperties(DEFINITION_VERSIONS), optionsProperty(DEFINITION_VERSIONS)];

// Evaluated by the editor over the raw parameters (a value left at its default is missing).
const TYPES_DIFFER = `={{ (() => { try { const types = Object.fromEntries(($parameter.dynamicParams?.param ?? []).map((param) => [param.name, param.dataType ?? "string"])); return $nodeVersion < 2 && ${JSON.stringify(Object.values(SECTION_PARAMETERS))}.some((section) => ($parameter[section]?.field ?? []).some((field) => { const param = types[field.dynamicParam || field.name]; return (field.valueType ?? "dynamic") === "dynamic" && param !== undefined && (field.dataType ?? "string") !== param; })); } catch (error) { return false; } })() }}`;

export const definitionHints: NodeHint[] = [
	{
		message:
			'A Dynamic field’s Type differs from its Dynamic Param’s Data Type, so the value is converted twice ("007" as an Integer param sent as a String field becomes "7"). Version 2 of this node takes the param’s type: add the node again to use it.',
		type: 'warning',
		location: 'outputPane',
		whenToDisplay: 'always',
		displayCondition: TYPES_DIFFER,
	},
];
