// The experiment screen's state: the form, the dataset picked, what the worker says about backends and
// backbones, config files in and out. The form's rules live in formModel.ts; this only wires them up.
import { useEffect, useMemo, useRef, useState } from 'react';
import { navigate } from '../../app/routes';
import { downloadBlob } from '../../client/download';
import type { ExperimentConfig } from '../../core/train/config';
import { importBackbone, listBackends, measureBackends } from '../../client/trainer';
import type { DatasetRecord } from '../../protocol/records';
import type { BackboneRecord, BackendInfo, ProbeResult } from '../../protocol/runs';
import { toast } from '../../state/toasts';
import { listBackbones } from '../../storage';
import { errorText } from '../../ui/errors';
import type { BackboneImportState } from './BackboneImport';
import { configFileName, configJson, isModelJson, readConfigText, type ConfigProblem } from './configFile';
import { initialValues, update, validate, valuesFromConfig, type FormValues } from './formModel';

export interface ImportProblems {
  fileName: string;
  problems: ConfigProblem[];
}

/** The form as last left, so a trip to another screen and back keeps what was typed (this tab only). */
let draft: { values: FormValues; datasetId: string } | undefined;

/** Opens the Experiments screen set up with `config` on the dataset (e.g. a comparison run to train). */
export function openExperiment(config: ExperimentConfig, datasetId: string): void {
  draft = { values: valuesFromConfig(config), datasetId };
  navigate({ name: 'experiments', datasetId });
}

/** Measured images/s of each backend for one set-up (`key`: what the speed depends on). */
export interface BackendSpeeds {
  key: string;
  status: 'measuring' | 'done' | 'error';
  results?: ProbeResult[];
  error?: string;
}

/** What a training step's speed depends on: the dataset (its classes), task, model, input and batch. */
function speedKey(config: ExperimentConfig | null | undefined, datasetId: string): string | null {
  if (!config) return null;
  const { task, model, input_size, batch_size, segmentation } = config;
  return JSON.stringify([datasetId, task, model, input_size, batch_size, segmentation]);
}

export function useExperiment(datasets: DatasetRecord[], linkedId: string | undefined) {
  const [datasetId, setDatasetId] = useState(() =>
    linkedId && datasets.some((d) => d.id === linkedId) ? linkedId : (draft?.datasetId ?? datasets[0].id),
  );
  const [datasetNote, setDatasetNote] = useState<string | undefined>(() =>
    linkedId && !datasets.some((d) => d.id === linkedId)
      ? 'The dataset in the link is not in this browser any more.'
      : undefined,
  );
  const [values, setValues] = useState<FormValues>(() => draft?.values ?? initialValues());
  const [backends, setBackends] = useState<BackendInfo[] | null>(null);
  const [backendsError, setBackendsError] = useState<string>();
  const [backbones, setBackbones] = useState<BackboneRecord[] | null>(null);
  const [backboneImport, setBackboneImport] = useState<BackboneImportState>({ status: 'idle' });
  const importing = useRef(false);
  const [importProblems, setImportProblems] = useState<ImportProblems | null>(null);
  const [speeds, setSpeeds] = useState<BackendSpeeds | null>(null);

  // A dataset deleted meanwhile (another tab, a job) falls back to the first one listed.
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];

  useEffect(() => {
    draft = { values, datasetId: dataset.id };
  }, [values, dataset.id]);

  useEffect(() => {
    let live = true;
    listBackends().then(
      (b) => live && setBackends(b),
      (e: unknown) => live && setBackendsError(`Could not ask the training worker: ${errorText(e)}`),
    );
    listBackbones().then(
      (b) => live && setBackbones(b),
      () => live && setBackbones([]),
    );
    return () => {
      live = false;
    };
  }, []);

  const ctx = useMemo(
    () => ({ datasetName: dataset.name, backends: backends ?? undefined, backbones: backbones ?? undefined }),
    [dataset.name, backends, backbones],
  );
  const { errors, config } = useMemo(() => validate(values, ctx), [values, ctx]);

  const change = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((v) => {
      const next = update(v, key, value);
      if (key === 'model.backbone') {
        // The backbone fixes the input; its layer list is its own.
        const b = backbones?.find((x) => x.id === value);
        next['model.backbone_layer'] = '';
        if (b) next.input_size = String(b.inputShape[0]);
      }
      return next;
    });

  const pickDataset = (id: string) => {
    setDatasetId(id);
    setDatasetNote(undefined);
  };

  const addBackbone = async (files: File[]) => {
    if (importing.current) return;
    importing.current = true;
    setBackboneImport({ status: 'reading', files: files.map((f) => f.name) });
    try {
      const rec = await importBackbone(files);
      setBackbones((list) => [rec, ...(list ?? []).filter((b) => b.id !== rec.id)]);
      setValues((v) => ({
        ...v,
        'model.name': 'pretrained',
        'model.backbone': rec.id,
        'model.backbone_layer': '',
        input_size: String(rec.inputShape[0]),
      }));
      setBackboneImport({ status: 'done', name: rec.name });
    } catch (e) {
      setBackboneImport({ status: 'error', error: e });
    } finally {
      importing.current = false;
    }
  };

  /** A bad file changes nothing in the form: its problems are listed instead. */
  const importConfig = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch {
      setImportProblems({
        fileName: file.name,
        problems: [{ path: '', message: `“${file.name}” could not be read.` }],
      });
      return;
    }
    if (isModelJson(text)) return addBackbone([file]);
    const read = readConfigText(text, file.name, dataset.name);
    if (!read.ok) {
      setImportProblems({ fileName: file.name, problems: read.problems });
      return;
    }
    setImportProblems(null);
    setValues(valuesFromConfig(read.config));
    const match = datasets.find((d) => d.name === read.config.dataset_name);
    if (match) setDatasetId(match.id);
    setDatasetNote(
      match
        ? undefined
        : `The config names “${read.config.dataset_name}”: no dataset here has that name, so “${dataset.name}” stays picked.`,
    );
    toast('success', `Imported ${file.name}`, match ? `Dataset: ${match.name}.` : undefined);
  };

  /** Files dropped on the form: model files go to the backbone import, a single JSON file is a config. */
  const dropFiles = (files: File[]) => {
    if (files.length > 1 || files.some((f) => /\.bin$/i.test(f.name))) void addBackbone(files);
    else if (files.length === 1) void importConfig(files[0]);
  };

  const key = speedKey(config, dataset.id);
  /** Times a training step of this model on each backend; shown while the set-up stays the same. */
  const measureSpeeds = async () => {
    if (!config || !key || speeds?.status === 'measuring') return;
    setSpeeds({ key, status: 'measuring' });
    try {
      const results = await measureBackends(config, dataset.id);
      setSpeeds({ key, status: 'done', results });
    } catch (e) {
      setSpeeds({ key, status: 'error', error: errorText(e) });
    }
  };

  // Measurements of another set-up are not shown (one still running is, as running).
  const shownSpeeds = speeds && (speeds.key === key || speeds.status === 'measuring') ? speeds : null;

  const exportConfig = () => {
    if (!config) return;
    downloadBlob(
      new Blob([configJson(config)], { type: 'application/json' }),
      configFileName(config.dataset_name, config.task),
    );
  };

  return {
    dataset,
    datasetNote,
    pickDataset,
    values,
    change,
    errors,
    config,
    backends,
    backendsError,
    speeds: shownSpeeds,
    /** The fastest backend measured for this set-up, if measured. */
    fastest: shownSpeeds?.results?.find((r) => r.imagesPerSecond !== null)?.name,
    measureSpeeds: () => void measureSpeeds(),
    canMeasure: key !== null,
    backbones,
    backboneImport,
    addBackbone,
    importProblems,
    dismissImportProblems: () => setImportProblems(null),
    importConfig,
    dropFiles,
    exportConfig,
  };
}
