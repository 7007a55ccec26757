import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { externalAddresses, watchNetworkInterfaces } from '../../electron/desk/sync/network';

type Interfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

const info = (address: string, internal = false): os.NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('network interface watch (issue 7 item 8)', () => {
  it('lists external addresses only', () => {
    const read = (): Interfaces => ({ lo: [info('127.0.0.1', true)], eth0: [info('192.168.1.20')] });
    expect([...externalAddresses(read)]).toEqual(['eth0/192.168.1.20']);
  });

  it('calls back when an external address appears, not when one goes away', () => {
    vi.useFakeTimers();
    let current: Interfaces = { lo: [info('127.0.0.1', true)] };
    const regained = vi.fn();
    const stop = watchNetworkInterfaces(regained, 5_000, () => current);
    vi.advanceTimersByTime(5_000);
    expect(regained).not.toHaveBeenCalled();
    current = { ...current, wlan0: [info('10.0.0.7')] };
    vi.advanceTimersByTime(5_000);
    expect(regained).toHaveBeenCalledTimes(1);
    current = { lo: [info('127.0.0.1', true)] };
    vi.advanceTimersByTime(5_000);
    expect(regained).toHaveBeenCalledTimes(1);
    stop();
    current = { eth0: [info('192.168.1.20')] };
    vi.advanceTimersByTime(10_000);
    expect(regained).toHaveBeenCalledTimes(1);
  });
});
