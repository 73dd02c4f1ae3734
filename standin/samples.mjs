// The sample vault the demo, the CLI and the workflow's `uses: ./` job read.
export const SAMPLE_SECRETS = {
  'db-password': 'Tr4in!ng-db-p@ssw0rd',
  'storage-account-key': 'c3RvcmFnZS1hY2NvdW50LWtleS1zYW1wbGU=',
  'hf-token': 'hf_sampleTokenForTheDemo0123456789',
  'service-account':
    '{\n  "type": "service_account",\n  "client_email": "trainer@example.iam",\n  "private_key": "-----BEGIN KEY-----\\nMIIsample\\n-----END KEY-----\\n"\n}\n',
  'db-config': '{"host":"db.internal","port":5432,"creds":{"user":"trainer","password":"s3cr3t-Pa55"}}',
  kubeconfig:
    'apiVersion: v1\nkind: Config\nclusters:\n- name: training\n  cluster:\n    server: https://k8s.internal:6443\n',
};

/** Adds ml-prod-kv with the sample secrets (hf-token with two versions) to a running stand-in. */
export function addSampleVault(standin) {
  const kv = standin.keyvault.addVault('ml-prod-kv', { secrets: SAMPLE_SECRETS });
  const first = standin.keyvault.setSecret(kv.host, 'hf-token', 'hf_previousTokenStillPinnedByOldJobs');
  standin.keyvault.setSecret(kv.host, 'hf-token', SAMPLE_SECRETS['hf-token']);
  standin.keyvault.setSecret(kv.host, 'wandb-key', {
    value: 'wandb_sampleKeyThatExpiresSoon',
    exp: new Date(Date.now() + 5 * 86_400_000),
  });
  return { kv, pinnedVersion: first.version };
}
