// The API key lives in sessionStorage: it survives a reload but not the closing of the tab, and
// no other site can read it. Nothing else about the operator is stored.
const KEY = 'inlet.api-key';

export const session = {
  apiKey: (): string | null => sessionStorage.getItem(KEY),
  logIn: (apiKey: string) => sessionStorage.setItem(KEY, apiKey),
  logOut: () => sessionStorage.removeItem(KEY),
};
