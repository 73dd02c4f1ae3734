// What a later step prints of a multi-line secret is masked by the runner: a kubeconfig's token on
// its own (kubectl config view --raw -o jsonpath=…, yq), a JSON credential's value (jq -r).
import { applyMasks } from '../../standin/runner.mjs';
import { expectMaskedAndNotLeaked, sampleVault, useStandin } from '../helpers/standin.js';

const ctx = useStandin();

it('a kubeconfig read as a file: the bare token and client key are masked, structure stays readable', async () => {
  const token = 'kubetoken-7Hq2vX9pLm4Rt8Ws1Yz6Bc3Nd5Fg0Jk';
  const keyData = 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQ==';
  const kubeconfig = `apiVersion: v1\nkind: Config\nclusters:\n- name: aks\n  cluster:\n    server: https://aks-prod.hcp.eastus.azmk8s.io:443\nusers:\n- name: ci\n  user:\n    token: ${token}\n    client-key-data: "${keyData}"\n`;
  const json = `{\n  "client_id": "0b1c2d3e-0000-4000-8000-000000000001",\n  "client_secret": "cs~Xy7.Qw3-Er5_Ty9",\n  "region": "eu"\n}`;
  sampleVault(ctx.s, { kubeconfig, 'sp-json': json });

  const r = await ctx.step({ keyvault: 'ml-prod-kv', secrets: 'SP=sp-json', files: 'kubeconfig' });

  expect(r.errors).toEqual([]);
  for (const bare of [token, keyData, 'cs~Xy7.Qw3-Er5_Ty9']) {
    expect(r.masks).toContain(bare);
    // What a later step's `yq`/`jq -r` line looks like in the log.
    expect(applyMasks(`value: ${bare}\n`, r.masks)).toBe('value: ***\n');
  }
  expect(applyMasks('apiVersion: v1\nkind: Config\nregion: eu', r.masks)).toBe(
    'apiVersion: v1\nkind: Config\nregion: eu',
  );
  expectMaskedAndNotLeaked(r, [kubeconfig, json], ctx.s.entra.issuedTokens());
});
