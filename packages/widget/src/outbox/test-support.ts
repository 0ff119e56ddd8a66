/**
 * Fakes for the outbox's tests: fresh IndexedDB per test (fake-indexeddb),
 * stores that fail the ways browsers' do, and entries to put in them.
 */
import { IDBFactory } from 'fake-indexeddb';
import { createStore, type UseStore } from 'idb-keyval';

import { CONTEXT } from '../test-fixtures.js';
import { DATABASE_NAME, STORE_NAME, type OutboxEntry } from './outbox-storage.js';

/** Gives the global scope an empty IndexedDB, as a fresh browser profile has. */
export function useFreshIndexedDb(): void {
  setIndexedDb(new IDBFactory());
}

/** Replaces the global IndexedDB, even after a test made it a throwing getter. */
export function setIndexedDb(value: unknown): void {
  Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value });
}

/** A store whose `put` runs `check` first, to fail as a browser would. */
export function failingPuts(check: (value: unknown) => void): () => UseStore {
  return () => {
    const inner = createStore(DATABASE_NAME, STORE_NAME);
    return (mode, callback) =>
      inner(mode, (store) =>
        callback(
          new Proxy(store, {
            get(target, name) {
              if (name === 'put') {
                return (value: unknown, key?: IDBValidKey) => {
                  check(value);
                  return target.put(value, key);
                };
              }
              const member = Reflect.get(target, name, target);
              return typeof member === 'function' ? member.bind(target) : member;
            },
          }),
        ),
      );
  };
}

/** A store that remembers its connection, so a test can close it under the outbox. */
export function closableStore(): { openStore: () => UseStore; close: () => void; opened: () => number } {
  let connection: IDBDatabase | undefined;
  let opened = 0;
  return {
    openStore: () => {
      opened += 1;
      const inner = createStore(DATABASE_NAME, STORE_NAME);
      return (mode, callback) =>
        inner(mode, (store) => {
          connection = store.transaction.db;
          return callback(store);
        });
    },
    close: () => connection?.close(),
    opened: () => opened,
  };
}

export function domError(name: string): DOMException {
  return new DOMException(`${name} (test)`, name);
}

let count = 0;

/** A waiting entry; `n` orders it. */
export function entry(n: number, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  count += 1;
  const key = `key-${String(n).padStart(4, '0')}-${count}-abcdefghijkl`;
  return {
    key,
    order: String(n).padStart(10, '0'),
    relay: 'https://relay.example.com',
    reference: 'HC-7F3K2Q',
    createdAt: Date.now(),
    report: {
      schemaVersion: 1,
      category: 'bug',
      description: `Report ${n}`,
      context: CONTEXT,
      submission: { key, reference: 'HC-7F3K2Q' },
    },
    attachments: [],
    size: 100,
    attempts: 0,
    ...overrides,
  };
}
