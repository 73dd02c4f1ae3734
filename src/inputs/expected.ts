// expected-tenant-id and expected-principal-id: the identity the workflow expects every token to be for. Read
// with the other inputs (a value that is not a GUID is refused before any request); checked against each
// token's claims by the identity stage (identity/expected.ts).
import { Inputs } from '../constants.js';
import { GUID } from '../util/shell.js';
import type { InputProblem } from './references.js';

export interface ExpectedIdentity {
  /** The token's tid must be this tenant. */
  tenantId?: string;
  /** The token's oid (principal, or object, id) or its appid/azp (client id) must be this. */
  principalId?: string;
}

const HINTS = {
  [Inputs.ExpectedTenantId]: 'az account show --query tenantId -o tsv',
  [Inputs.ExpectedPrincipalId]:
    "az identity show -g RG -n NAME --query principalId -o tsv (or its clientId; a VM's own identity: az vm identity show -g RG -n VM --query principalId -o tsv)",
};

export function readExpectedIdentity(read: (name: string) => string, problems: InputProblem[]): ExpectedIdentity {
  const one = (input: keyof typeof HINTS): string | undefined => {
    const text = read(input).trim();
    if (text === '') return undefined;
    if (!GUID.test(text)) problems.push({ input, message: `"${text}" is not a GUID; find it with: ${HINTS[input]}` });
    return text;
  };
  const tenantId = one(Inputs.ExpectedTenantId);
  const principalId = one(Inputs.ExpectedPrincipalId);
  return { ...(tenantId ? { tenantId } : {}), ...(principalId ? { principalId } : {}) };
}
