import type { INodeType } from 'n8n-workflow';

import { getDynamicParams } from './picker';
import { getSecretNames, testSecretsCredential } from './secrets';

/**
 * The load-options and credential-test methods behind the webhook parameters (the Secret and Dynamic
 * Param pickers, the credential's Test): every node that shows those parameters registers this object.
 */
export const webhookMethods: INodeType['methods'] = {
	loadOptions: { getSecretNames, getDynamicParams },
	credentialTest: { redFlareSecretsTest: testSecretsCredential },
};
