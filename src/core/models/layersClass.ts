// tfjs-layers' own class for a layer name, as its serialization registry knows it. Our BatchNormalization,
// Conv2D and ReLU extend these and then take their names in the registry (so saved models load into ours),
// so each reads its base when its module loads, before its own registerClass.
import * as tf from '@tensorflow/tfjs';

export function layersClass<T>(className: string): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`tfjs-layers has no ${className} layer to extend.`);
  return entry[0] as unknown as T;
}
