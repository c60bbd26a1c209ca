import { PanelOptionsEditorBuilder } from '@grafana/data';
import { defaultLabelNames, defaultOptions, MatrixOptions } from './options';

/** The panel's options editor: label names, order, glyphs, colours and limits. */
export function addMatrixOptions(builder: PanelOptionsEditorBuilder<MatrixOptions>): PanelOptionsEditorBuilder<MatrixOptions> {
  const labels = 'Label names';
  return builder
    .addRadio({
      path: 'sort',
      name: 'Order',
      description: 'By partition group shows the cut as blocks; by name keeps every node in place.',
      defaultValue: defaultOptions.sort,
      settings: {
        options: [
          { value: 'partition', label: 'Partition group' },
          { value: 'zone', label: 'Zone' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addTextInput({
      path: 'zonePattern',
      name: 'Zone from name',
      description: 'When no netsplit_member_info series gives zones: a regex on node names whose first capture group is the zone, e.g. \\.(eu-west-1[a-z])\\.',
      defaultValue: defaultOptions.zonePattern,
    })
    .addRadio({
      path: 'linksExported',
      name: 'Links exported',
      description: 'Down only: the exporters export only links that are down, asymmetric or unknown; a missing link between two reporting agents is drawn up.',
      defaultValue: defaultOptions.linksExported,
      settings: { options: [{ value: 'all', label: 'All' }, { value: 'down', label: 'Down only' }] },
    })
    .addRadio({
      path: 'glyphMode',
      name: 'Glyphs',
      description: 'Symbols ✓ ✗ ? ↛, or letters U D ? 1 for screens whose fonts lack the symbols.',
      defaultValue: defaultOptions.glyphMode,
      settings: { options: [{ value: 'symbols', label: '✓ ✗ ? ↛' }, { value: 'letters', label: 'U D ? 1' }] },
    })
    .addRadio({
      path: 'colourMode',
      name: 'Colours',
      description: 'Blue / orange stays apart for every common colour-vision deficiency; none leaves the glyphs to speak alone.',
      defaultValue: defaultOptions.colourMode,
      settings: {
        options: [
          { value: 'colourBlind', label: 'Blue / orange (colour-blind safe)' },
          { value: 'standard', label: 'Green / red' },
          { value: 'none', label: 'None' },
        ],
      },
    })
    .addTextInput({
      path: 'displayNamePattern',
      name: 'Display name pattern',
      description: 'Regex whose first capture group (or whole match) is drawn, e.g. ^ip-([0-9-]+)\\. — empty strips the prefix and suffix all names share.',
      defaultValue: defaultOptions.displayNamePattern,
    })
    .addBooleanSwitch({ path: 'showBanner', name: 'Banner', description: 'Degradation level and one sentence about the cluster.', defaultValue: true })
    .addNumberInput({
      path: 'maxNodes',
      name: 'Max nodes',
      description: 'Above this many nodes the panel says so instead of drawing an unreadable matrix.',
      defaultValue: defaultOptions.maxNodes,
      settings: { min: 1, integer: true },
    })
    .addNumberInput({
      path: 'canvasFromNodes',
      name: 'Canvas from',
      description: 'Node count from which cells are drawn on a canvas instead of elements.',
      defaultValue: defaultOptions.canvasFromNodes,
      settings: { min: 1, integer: true },
    })
    .addNumberInput({
      path: 'staleAfterSeconds',
      name: 'Stale after (s)',
      description: 'Samples this much older than the newest count as unknown.',
      defaultValue: defaultOptions.staleAfterSeconds,
      settings: { min: 1 },
    })
    .addTextInput({ path: 'labels.cluster', name: 'Cluster label', category: [labels], defaultValue: defaultLabelNames.cluster })
    .addTextInput({ path: 'labels.source', name: 'Source label', category: [labels], defaultValue: defaultLabelNames.source })
    .addTextInput({ path: 'labels.target', name: 'Target label', category: [labels], defaultValue: defaultLabelNames.target })
    .addTextInput({ path: 'labels.node', name: 'Node label', category: [labels], defaultValue: defaultLabelNames.node })
    .addTextInput({ path: 'labels.role', name: 'Role label', category: [labels], defaultValue: defaultLabelNames.role })
    .addTextInput({ path: 'labels.bridge', name: 'Bridge label', category: [labels], defaultValue: defaultLabelNames.bridge })
    .addTextInput({ path: 'labels.zone', name: 'Zone label', description: 'On netsplit_member_info.', category: [labels], defaultValue: defaultLabelNames.zone })
    .addTextInput({ path: 'labels.member', name: 'Member label', description: 'On netsplit_member_info: the node the zone belongs to.', category: [labels], defaultValue: defaultLabelNames.member });
}
