/** One lab host: a network namespace with its own address on the lab bridge. */
export interface Host {
  /** Node name, also the agent's name: n1, n2, … */
  name: string;
  /** 1-based position; the address is 10.200.0.<index>. */
  index: number;
  /** The network namespace holding this host's interface, address and firewall. */
  namespace: string;
  address: string;
}

export const LAB_SUBNET = '10.200.0';
export const LAB_PREFIX_LENGTH = 24;

export function hostName(index: number): string {
  return `n${index}`;
}

export function hostAddress(index: number): string {
  return `${LAB_SUBNET}.${index}`;
}
