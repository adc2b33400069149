// Remembers recent webhook delivery ids so a delivery GitHub sends twice is handled once.
// A Map keeps insertion order, which is all a bounded LRU of ids needs (no library required).

export interface DeliveryLog {
  /** Records `id`; true when it was already recorded (a duplicate to ignore). */
  seen(id: string): boolean;
  /** Forgets `id`, so a redelivery of a delivery that failed is handled again. */
  forget(id: string): void;
  readonly size: number;
}

export function createDeliveryLog(capacity = 10_000): DeliveryLog {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new Error(`The delivery log capacity must be a whole number ≥ 1, got ${capacity}.`);
  }
  const ids = new Map<string, true>();
  return {
    seen(id) {
      if (ids.has(id)) {
        ids.delete(id); // refresh: move to the most recent end
        ids.set(id, true);
        return true;
      }
      ids.set(id, true);
      if (ids.size > capacity) {
        const oldest = ids.keys().next().value;
        if (oldest !== undefined) ids.delete(oldest);
      }
      return false;
    },
    forget(id) {
      ids.delete(id);
    },
    get size() {
      return ids.size;
    },
  };
}
