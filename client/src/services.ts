/** What the commands, views and status bar share; built once in activate(). */

import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ActiveFileIncidents } from './activeFileIncidents';
import type { IndexState } from './indexState';
import type { AllIncidentsTree } from './sidebar/allIncidentsTree';
import type { BranchIncidentsTree } from './sidebar/branchIncidentsTree';
import type { FileIncidentsTree } from './sidebar/fileIncidentsTree';
import type { InsightsPanel } from './webviews/insightsPanel';
import type { StoryPanel } from './webviews/storyPanel';

export interface Services {
  client: LanguageClient;
  output: vscode.OutputChannel;
  /** The server's index as last notified (complete yet?), and its changes. */
  index: IndexState;
  activeFile: ActiveFileIncidents;
  fileTree: FileIncidentsTree;
  allTree: AllIncidentsTree;
  branchTree: BranchIncidentsTree;
  storyPanel: StoryPanel;
  insightsPanel: InsightsPanel;
}
