// See package.json: @azure/identity loads 'open' only to show a browser sign-in page, which a CI
// action never does. Anything that calls it fails loudly instead of opening something.
const never = async () => {
  throw new Error('keyvault-secrets-action never opens a browser');
};
export default never;
export const openApp = never;
export const apps = {};
