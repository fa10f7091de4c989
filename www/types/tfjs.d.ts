// tfjs.d.ts: TF.js' Layers format as gotrain writes and reads it
// (API.md: "Saving and loading"). Structural types, so that TF.js' own
// (tf.io.withSaveHandler, tf.io.fromMemory, tf.io.ModelArtifacts) fit
// without gotrain depending on TF.js.

/** One weight's entry in the manifest: float32, in TF.js' order. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** The training configuration TF.js stores with a compiled model. */
export interface TrainingConfig {
  loss: string;
  metrics: string[];
  optimizer_config: { class_name: string; config: { [setting: string]: number | boolean } };
}

/** What model.toTfjsArtifacts returns: what TF.js' model.save hands to an IOHandler. */
export interface TfjsArtifacts {
  /** The Keras topology, as TF.js writes it for the same Sequential model. */
  modelTopology: { class_name: string; config: object; keras_version?: string; backend?: string };
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  weightSpecs: WeightSpec[];
  /** float32 little-endian, in weightSpecs' order. */
  weightData: ArrayBuffer;
  /** Present when the model is compiled. */
  trainingConfig?: TrainingConfig;
  /** What the export left out (metrics TF.js has no counterpart for); absent when nothing was. */
  notes?: string[];
}

/** Artifacts as loadLayersModel takes them (TF.js' ModelArtifacts). */
export interface TfjsArtifactsInput {
  modelTopology?: object | ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs?: ReadonlyArray<{ name: string; shape: number[]; dtype: string }>;
  weightData?: ArrayBuffer | ArrayBufferView | ArrayBuffer[];
  trainingConfig?: object;
}

/** What save resolves to, as TF.js' save. */
export interface SaveResult {
  modelArtifactsInfo: {
    dateSaved?: Date;
    modelTopologyType?: 'JSON' | 'GraphDef';
    modelTopologyBytes?: number;
    weightSpecsBytes?: number;
    weightDataBytes?: number;
  };
  responses?: unknown[];
}

/** A save destination object (an IOHandler, e.g. tf.io.withSaveHandler(f)). */
export interface SaveHandler {
  save?(artifacts: TfjsArtifacts): Promise<SaveResult | object> | SaveResult | object;
}

/** A load source object (an IOHandler, e.g. tf.io.fromMemory(artifacts)). */
export interface LoadHandler {
  load?(): Promise<TfjsArtifactsInput> | TfjsArtifactsInput;
}

export interface SaveOptions {
  /** Must be false: the optimizer's state is not saved. */
  includeOptimizer?: false;
  /** Accepted; every weight is trainable. */
  trainableOnly?: boolean;
}

/** A file from a file picker (or any Blob with a name). */
export interface FileLike {
  readonly name: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A FileList from <input type="file" multiple>: model.json and its weight files. */
export interface FileListLike {
  readonly length: number;
  item(index: number): FileLike | null;
  readonly [index: number]: FileLike;
}

/**
 * What loadLayersModel loads: 'localstorage://name', 'indexeddb://name', a
 * model.json URL (file:// or a path in Node), a URL, artifacts, an
 * IOHandler with load(), { json, weights } files, or a FileList.
 */
export type LayersModelSource =
  | string
  | URL
  | TfjsArtifactsInput
  | LoadHandler
  | { json: FileLike; weights: FileLike | FileLike[] }
  | FileListLike;

export interface LoadLayersModelOptions {
  /** Passed to fetch for model.json and the weight files. */
  requestInit?: object;
  /** The fetch to use (default globalThis.fetch). */
  fetchFunc?: (input: string, init?: object) => Promise<unknown>;
  /** Where the weight files are (default: next to model.json). */
  weightPathPrefix?: string;
}
