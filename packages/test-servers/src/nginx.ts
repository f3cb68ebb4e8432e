// Filled in by the remote-stores work (issue 13).
export {};
