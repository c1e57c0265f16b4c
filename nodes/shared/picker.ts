import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { dynamicParamRows } from './definitionInput';
import { DATA_TYPE_NAMES } from './webhookProperties';

/**
 * The Dynamic Param picker of a field row: "(Same as Field Name)" (the default: the param named like
 * the field), then the node's own Dynamic Params as the panel holds them now, with their type.
 */
export async function getDynamicParams(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const fieldName = this.getCurrentNodeParameter('&name');
	const options: INodePropertyOptions[] = [
		{
			name: '(Same as Field Name)',
			value: '',
			description: typeof fieldName === 'string' && fieldName ? `The Dynamic Param "${fieldName}"` : 'The Dynamic Param named like this field',
		},
	];
	const seen = new Set<string>();
	for (const param of dynamicParamRows(this.getCurrentNodeParameter('dynamicParams'))) {
		if (typeof param.name !== 'string' || !param.name || seen.has(param.name)) continue;
		seen.add(param.name);
		const type = DATA_TYPE_NAMES[param.dataType as keyof typeof DATA_TYPE_NAMES] ?? String(param.dataType);
		const description = [type, param.required === false ? 'optional' : 'required', param.description].filter(Boolean).join(' · ');
		options.push({ name: param.name, value: param.name, description });
	}
	return options;
}
