// Vite's `?url` imports: the URL of the emitted file.
declare module "*?url" {
  const url: string;
  export default url;
}
