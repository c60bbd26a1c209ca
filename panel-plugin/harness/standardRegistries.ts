/**
 * Grafana's app (not its npm packages) fills the registries of option editors and standard
 * field options at start-up; plugins look their builders up there. The harness stands in with
 * editor-less entries: enough for a panel's defaults and for applying field config to frames.
 */
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigPropertyItem,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  StandardEditorsRegistryItem,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const noEditor = () => null;

const editorIds = ['radio', 'boolean', 'number', 'text', 'select', 'color', 'unit', 'thresholds', 'mappings', 'links', 'slider', 'fieldColor', 'multiSelect'];

const fieldOptions: Array<[string, FieldConfigPropertyItem['process']]> = [
  ['unit', identityOverrideProcessor],
  ['min', numberOverrideProcessor],
  ['max', numberOverrideProcessor],
  ['fieldMinMax', booleanOverrideProcessor],
  ['decimals', numberOverrideProcessor],
  ['displayName', displayNameOverrideProcessor],
  ['noValue', stringOverrideProcessor],
  ['thresholds', thresholdsOverrideProcessor],
  ['mappings', valueMappingsOverrideProcessor],
  ['links', dataLinksOverrideProcessor],
  ['actions', identityOverrideProcessor],
  ['color', identityOverrideProcessor],
  ['filterable', booleanOverrideProcessor],
];

export function registerStandardOptions(): void {
  standardEditorsRegistry.setInit(() =>
    editorIds.map((id): StandardEditorsRegistryItem => ({ id, name: id, editor: noEditor })),
  );
  standardFieldConfigEditorRegistry.setInit(() =>
    fieldOptions.map(
      ([id, process]): FieldConfigPropertyItem => ({
        id,
        path: id,
        name: id,
        editor: noEditor,
        override: noEditor,
        process,
        shouldApply: () => true,
      }),
    ),
  );
}
