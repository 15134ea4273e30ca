/**
 * The message for a server whose port is taken (EADDRINUSE) or not allowed (EACCES), with the
 * remedy; undefined for any other error.
 */
export function portTakenMessage(error: unknown, where: { host: string; port: number; flag: string; envName?: string }): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const address = `${where.host.includes(":") ? `[${where.host}]` : where.host}:${where.port}`;
  const setting = `${where.flag} <port>${where.envName ? ` (or ${where.envName})` : ""}`;
  if (code === "EADDRINUSE") {
    return `port ${where.port} is already in use on ${where.host} (EADDRINUSE): another program, or another shotbin, listens on ${address}. Stop it, or choose another port with ${setting}; ${where.flag} 0 picks a free one.`;
  }
  if (code === "EACCES") {
    return `not allowed to listen on ${address} (EACCES): ports below 1024 need privileges. Choose a port from 1024 up with ${setting}.`;
  }
  if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return `cannot listen on ${address} (${code}): ${where.host} is not an address of this machine. Use 127.0.0.1, 0.0.0.0 or one of this machine's addresses.`;
  }
  return undefined;
}
