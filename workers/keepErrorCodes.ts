// comlink sends only the message, name and stack of a thrown Error. Importing this module (once per
// worker, before `expose`) makes it keep a TilewrightError's `code` and `subject` too, so the page can
// word the error from its code (e.g. 'storage-full'); comlink's deserializer copies every field back.
import { transferHandlers } from 'comlink';
import { isTilewrightError } from '../src/core/errors';

const throwHandler = transferHandlers.get('throw')!;
transferHandlers.set('throw', {
  canHandle: throwHandler.canHandle,
  serialize(thrown) {
    const [serialized, transfer] = throwHandler.serialize(thrown);
    const value = (thrown as { value?: unknown }).value;
    const out = serialized as { isError?: boolean; value?: object };
    if (isTilewrightError(value) && out.isError && out.value)
      Object.assign(out.value, { code: value.code, subject: value.subject });
    return [serialized, transfer];
  },
  deserialize: throwHandler.deserialize,
});
