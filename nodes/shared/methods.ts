import type { INodeType } from 'n8n-workflow';

import { getSecretNames, testSecretsCredential } from './secrets';

/**
 * The load-options and credential-test methods behind the webhook parameters (the Secret picker, the
 * credential's Test): a node that shows those parameters registers these.
 */
export const webhookMethods: INodeType['methods'] = {
	loadOptions: { getSecretNames },
	credentialTest: { redFlareSecretsTest: testSecretsCredential },
};
