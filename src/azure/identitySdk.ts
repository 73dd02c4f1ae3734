// The two credentials the action uses from @azure/identity, loaded apart from the vault client (loadOrder.ts):
// named here so that the bundle keeps only what they need (a dynamic import of the package would keep all of it).
export { ClientAssertionCredential, ManagedIdentityCredential } from '@azure/identity';
