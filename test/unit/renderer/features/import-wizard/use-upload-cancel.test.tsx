import { closeDom } from '../../dom-env.ts';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderHook } from '@testing-library/react';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import { useUploadCancel } from '../../../../../renderer/features/import-wizard/use-upload-cancel.ts';

/** A bridge that records `upload:cancel` requests. */
function recording() {
  const bridge = createFakeBridge({ delayMs: 0 });
  const cancels: unknown[] = [];
  const invoke = bridge.invoke.bind(bridge);
  bridge.invoke = (channel: string, request: unknown) => {
    if (channel === 'upload:cancel') cancels.push(request);
    return invoke(channel as never, request as never);
  };
  return { bridge, cancels };
}

describe('useUploadCancel', () => {
  after(closeDom);

  it('cancels the running upload by its id', () => {
    const { bridge, cancels } = recording();
    const { result } = renderHook(() => useUploadCancel(bridge));
    result.current.onUploadId('u1');
    result.current.cancel();
    assert.deepEqual(cancels, [{ uploadId: 'u1' }]);
  });

  it('holds a Cancel pressed while the file is still staging until the upload has an id', () => {
    const { bridge, cancels } = recording();
    const { result } = renderHook(() => useUploadCancel(bridge));
    result.current.cancel();
    assert.deepEqual(cancels, []);
    result.current.onUploadId('u2');
    assert.deepEqual(cancels, [{ uploadId: 'u2' }]);
    result.current.onUploadId(null);
    result.current.onUploadId('u3');
    assert.deepEqual(cancels, [{ uploadId: 'u2' }], 'the next upload is not cancelled');
  });

  it('forgets a pending Cancel when the upload is started again', () => {
    const { bridge, cancels } = recording();
    const { result } = renderHook(() => useUploadCancel(bridge));
    result.current.cancel();
    result.current.reset();
    result.current.onUploadId('u4');
    assert.deepEqual(cancels, []);
  });
});
