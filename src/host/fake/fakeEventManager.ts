/** `EventManager`: global listeners keyed by the runtime event constants; the fake's controls emit them. */
import type { FakeEventHandler, FakeWorld } from "./fakeWorld";
import type { PremiereModuleShape } from "./officialShapes";

export function eventManagerStatic(world: FakeWorld): PremiereModuleShape["EventManager"] {
  const illegal = (call: string) => world.discipline.breach("illegal-parameter", call, `Illegal Parameter type (${call})`);
  const add = (call: string, eventName: unknown, handler: unknown) => {
    if (eventName === undefined || typeof handler !== "function") throw illegal(call);
    const handlers = world.globalListeners.get(eventName) ?? new Set<FakeEventHandler>();
    handlers.add(handler as FakeEventHandler);
    world.globalListeners.set(eventName, handlers);
  };
  const remove = (eventName: unknown, handler: unknown) => {
    world.globalListeners.get(eventName)?.delete(handler as FakeEventHandler);
  };
  return {
    addGlobalEventListener: (eventName, handler) => add("EventManager.addGlobalEventListener", eventName, handler),
    removeGlobalEventListener: (eventName, handler) => remove(eventName, handler),
    // Target listeners are not modelled: the fake routes them through the same table.
    addEventListener: (_target, eventName, handler) => add("EventManager.addEventListener", eventName, handler),
    removeEventListener: (_target, eventName, handler) => remove(eventName, handler),
  };
}
