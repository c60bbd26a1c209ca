/** Namespace names carry their owner's pid so leaks of dead labs can be recognised, and only those. */
import { bridgeNamespace, hostNamespace, ownerPid } from './lab-names';

describe('lab namespace names', () => {
  it('name hosts and the switch after the owner pid and a serial', () => {
    expect(hostNamespace({ pid: 4242, serial: 3 }, 'n5')).toBe('nslab-4242-3-n5');
    expect(bridgeNamespace({ pid: 4242, serial: 3 })).toBe('nslab-4242-3-switch');
  });

  it('recognise only names of this scheme', () => {
    expect(ownerPid('nslab-4242-3-n5')).toBe(4242);
    expect(ownerPid('nslab-4242-3-switch')).toBe(4242);
    expect(ownerPid('etcd-ns1')).toBeUndefined();
    expect(ownerPid('nslab-abc-1-n1')).toBeUndefined();
  });
});
