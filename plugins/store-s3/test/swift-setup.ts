import { startSwift } from "@zarrkit/test-servers";

export default async function setup(): Promise<() => Promise<void>> {
  const swift = await startSwift();
  // Test workers inherit these and reuse the server through startSwift().
  Object.assign(process.env, swift.env);
  return () => swift.stop();
}
