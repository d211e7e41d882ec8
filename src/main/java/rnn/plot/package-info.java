/** Loss charts from metrics.jsonl (PNG, SVG, PDF), for {@code rnn plot} and for training's loss.png. Imports the root package only. */
package rnn.plot;
