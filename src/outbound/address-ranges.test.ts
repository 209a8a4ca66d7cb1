import { describe, expect, it } from 'vitest';
import { blockedRange, isLoopbackHost } from './address-ranges.js';

describe('which addresses an outbound fetch may connect to', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'a private network (10/8)'],
    ['172.16.5.4', 'a private network (172.16/12)'],
    ['172.31.255.255', 'a private network (172.16/12)'],
    ['192.168.0.1', 'a private network (192.168/16)'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT shared space (100.64/10)'],
    ['100.127.255.254', 'carrier-grade NAT shared space (100.64/10)'],
    ['0.0.0.0', 'the unspecified "this network" range'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved (and broadcast)'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'the unspecified address'],
    ['fe80::1', 'link-local'],
    ['fd12:3456:789a::1', 'unique-local (fc00::/7)'],
    ['fc00::7', 'unique-local (fc00::/7)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.1.1', 'a private network (10/8)'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'a private network (192.168/16)'],
    ['2001:db8::1', 'documentation'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s: %s', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  it.each([
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::6810:84e5',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
  ])('allows the public address %s', (address) => {
    expect(blockedRange(address)).toBeUndefined();
  });

  it('knows loopback host names: localhost, *.localhost, 127/8 and ::1', () => {
    for (const host of ['localhost', 'LOCALHOST', 'api.localhost', 'localhost.', '127.0.0.2', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['localhost.example', '10.0.0.1', 'example.org', '[fe80::1]'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
