/** The nftables script a host gets: one atomic transaction that replaces or removes the lab table. */
import { firewallScript } from './firewall';

describe('firewallScript', () => {
  it('drops the listed sources on input only', () => {
    expect(firewallScript(['10.200.0.5', '10.200.0.4'])).toBe(
      [
        'table inet netsplit_lab',
        'delete table inet netsplit_lab',
        'table inet netsplit_lab {',
        '  chain input {',
        '    type filter hook input priority 0; policy accept;',
        '    ip saddr { 10.200.0.4, 10.200.0.5 } drop',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('heals by deleting the table (valid whether or not it exists)', () => {
    expect(firewallScript([])).toBe('table inet netsplit_lab\ndelete table inet netsplit_lab\n');
  });
});
