import { parseDefinition } from './definition';
import type { ConfigError } from './errors';
import { LOCATIONS } from './types';

/** What `parseDefinition` returns: the valid definition, or the config_error listing every problem. */
export type DefinitionOutcome = ReturnType<typeof parseDefinition>;

/**
 * A definition validated once, to run for many items without validating it again
 * (`executeWebhook` accepts it wherever it accepts a raw definition).
 */
export class PreparedDefinition {
	/** The secret names its fields use, each once (none when the definition is invalid). */
	readonly secretNames: readonly string[];

	private constructor(readonly outcome: DefinitionOutcome) {
		const names = outcome.ok
			? LOCATIONS.flatMap((location) => outcome.definition[location].flatMap((field) => (field.valueType === 'secret' && field.secretName ? [field.secretName] : [])))
			: [];
		this.secretNames = [...new Set(names)];
	}

	/** Validates `input` now; a problem is kept and reported by every call that uses it. */
	static from(input: unknown): PreparedDefinition {
		return new PreparedDefinition(parseDefinition(input));
	}

	/** A definition that could not be read at all (a parameter expression failed): every call answers `error`. */
	static refused(error: ConfigError): PreparedDefinition {
		return new PreparedDefinition({ ok: false, error });
	}
}

/** The validation outcome of a raw definition, or of a prepared one without validating again. */
export function definitionOutcome(definition: unknown): DefinitionOutcome {
	return definition instanceof PreparedDefinition ? definition.outcome : parseDefinition(definition);
}
