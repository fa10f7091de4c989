// lessons.js: the guided lessons. A lesson is a few steps; a step sets the
// playground's settings (state.js keys), says what to try and what to look
// for. Each step's state is a URL: #lesson=ID&step=N (with any other
// setting the link carries on top). A new lesson is one entry here; the
// lesson panel (lessonview.js) lists them all. Every "look for" is checked
// in Chromium by build/test/page_lessons.test.mjs.
// Pure: data and lookups; no DOM, no API.

import { augmentState } from './augment.js';

/** The settings every lesson starts from, whatever the page had. */
const COMMON = {
  noise: 0.05,
  size: 200,
  testPct: 30,
  valPct: 20,
  label: '',
  labelAs: 'auto',
  normalize: false,
  dropout: 0,
  reg: 'none',
  regRate: 0.01,
  loss: 'auto',
  earlyStop: false,
  patience: 10,
  showTest: false,
  discretize: false,
  features: ['x1', 'x2'],
  threshold: 0.5,
  seed: 1,
  ...augmentState(null), // off
};

/**
 * @typedef {{ title: string, text: string, tryThis: string, lookFor: string, state?: object }} Step
 * @typedef {{ id: string, title: string, summary: string, base: object, steps: Step[] }} Lesson
 * @type {Lesson[]}
 */
export const LESSONS = [
  {
    id: 'neuron',
    title: 'What a neuron computes',
    summary: 'One neuron: a weighted sum and a squash, and the straight line it draws.',
    base: { dataset: 'gaussian', layers: [], optimizer: 'sgd', lr: 0.1, batch: 16, epochs: 30 },
    steps: [
      {
        title: 'A weighted sum, then a squash',
        text: 'With no hidden layer the network is a single neuron. It multiplies each input by its weight, adds a bias, z = w₁·x₁ + w₂·x₂ + b, and squashes the sum with the sigmoid, p = σ(z) = 1/(1 + e^−z): the probability of class 1. The plot\'s background is p over the plane; p = 0.5 where z = 0, which is a straight line.',
        tryThis: 'In "Learn the math", read the forward pass of dense_1: multiply and add the numbers of z₁ yourself. Then pick another Example.',
        lookFor: 'z₁ is exactly x₁·W₁,₁ + x₂·W₂,₁ + b₁ with the numbers shown, and a₁ = σ(z₁): that sum and that squash are all a neuron does.',
      },
      {
        title: 'A weight by hand',
        text: 'The weights decide which way the line runs. w₁ says how much the neuron looks at x₁ (left to right), w₂ at x₂ (bottom to top).',
        tryThis: 'Click the link from x1 to the output neuron in the diagram (or choose Layer dense_1, Neuron 1, Input 1 in "Learn the math"), type 0 as its weight and press Enter.',
        lookFor: 'With w₁ = 0 the neuron no longer looks at x₁: its picture in the diagram changes only from top to bottom, and so does the plot\'s background. The line is level.',
      },
      {
        title: 'Training turns the line',
        text: 'Gradient descent changes w₁, w₂ and b, a little each batch, so as to lower the loss.',
        tryThis: 'Press Play. Then choose the Circle data and press Play again.',
        lookFor: 'On the two blobs the line turns and shifts until it separates them: validation accuracy 100%. On the circle it cannot: one neuron draws only straight lines, and no line encloses a ring (validation accuracy stays near 50%). That is what hidden layers are for.',
      },
    ],
  },
  {
    id: 'activation',
    title: 'Activation functions',
    summary: 'Sigmoid, ReLU and tanh on the same data: their curves, their slopes, and how fast each learns.',
    base: { dataset: 'circle', layers: [{ units: 6, activation: 'sigmoid' }, { units: 6, activation: 'sigmoid' }], optimizer: 'adam', lr: 0.01, batch: 16, epochs: 30 },
    steps: [
      {
        title: 'Sigmoid: a gentle slope',
        text: 'Each neuron applies its activation f to its sum z. The sigmoid σ(z) = 1/(1 + e^−z) squashes z into (0, 1). Its slope σ′(z) = σ(z)·(1 − σ(z)) is at most 0.25, at z = 0, and almost 0 far from it. Backpropagation multiplies the gradient by f′(z) at every layer, so with sigmoids it shrinks at least fourfold per layer.',
        tryThis: 'In "Learn the math", look at the curve of dense_1\'s neuron 1: f(z) solid, f′(z) dashed, the dots at the neuron\'s own z. Then press Play.',
        lookFor: 'The dashed slope never rises above 0.25, and f′(z) printed beside it is a·(1 − a) with the numbers shown. After 30 epochs the training loss is still above 0.4 and the boundary is a blur: the two sigmoid layers learn slowly.',
      },
      {
        title: 'ReLU: slope 0 or 1',
        text: 'ReLU, max(0, z), passes z where it is positive and 0 elsewhere. Its slope is exactly 1 for z > 0 and 0 otherwise, so the gradient goes back through an active neuron undiminished. The same network and data, only the activation changed.',
        tryThis: 'Look at the curve again (now ReLU), then press Play.',
        lookFor: 'f′(z) is exactly 0 or 1. After the same 30 epochs the training loss is below 0.1, far below the sigmoid\'s, and validation accuracy above 95%; the boundary is made of straight pieces, one bend per ReLU.',
        state: { layers: [{ units: 6, activation: 'relu' }, { units: 6, activation: 'relu' }] },
      },
      {
        title: 'tanh: sigmoid centred on 0',
        text: 'tanh(z) = (e^z − e^−z)/(e^z + e^−z) has the sigmoid\'s shape stretched to (−1, 1) and centred on 0; its slope 1 − tanh²(z) reaches 1 at z = 0, four times the sigmoid\'s.',
        tryThis: 'Look at the curve, then press Play.',
        lookFor: 'f′(z) = 1 − a² with the numbers shown, at most 1. After 30 epochs the training loss is below 0.2: far below the sigmoid\'s, and the boundary is a smooth ring.',
        state: { layers: [{ units: 6, activation: 'tanh' }, { units: 6, activation: 'tanh' }] },
      },
    ],
  },
  {
    id: 'gradient',
    title: 'Loss and gradient descent',
    summary: 'The loss of one example and of a batch, one gradient step by hand, and a learning rate too small and too big.',
    base: { dataset: 'circle', layers: [{ units: 4, activation: 'tanh' }], optimizer: 'sgd', lr: 0.3, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'The loss line',
        text: 'The loss says how wrong a prediction is. For two classes it is the binary cross-entropy L = −[y·ln p + (1 − y)·ln(1 − p)]: −ln p when the label y is 1, −ln(1 − p) when it is 0, near 0 for a confident right answer and large for a confident wrong one. Training minimizes its mean over each batch; the Loss chart plots the mean over the training data after each epoch.',
        tryThis: 'Read section 3 · Loss in "Learn the math" for example 0, then press Play.',
        lookFor: 'L is −ln p (or −ln(1 − p)) of the p and y shown. The training loss line falls epoch after epoch, to below half of its first value after 20 epochs.',
      },
      {
        title: 'One step by hand',
        text: 'Gradient descent moves every weight a little against its gradient: W′ = W − η·∂L/∂W, with the learning rate η = 0.3 here (SGD, nothing else).',
        tryThis: 'In section 5 · Update, take W and ∂L/∂W of the selected weight and work out W − 0.3·∂L/∂W yourself. Then press "Step: train on this example".',
        lookFor: 'After the Step the weight W is the number you worked out, and the example\'s loss L is lower than before.',
      },
      {
        title: 'A learning rate too small',
        text: 'With η = 0.0001 every step is three thousand times smaller than before.',
        tryThis: 'Press Play (a new model: the learning rate changed).',
        lookFor: 'The training loss line is flat: after 20 epochs it has fallen by less than 1%, and validation accuracy stays near 50%. The steps are right, just far too small.',
        state: { lr: 0.0001 },
      },
      {
        title: 'A learning rate too big',
        text: 'With η = 10 each step jumps far past the bottom of the valley it is meant to go down.',
        tryThis: 'Press Play.',
        lookFor: 'The training loss line jumps up and down instead of falling, and ends above where it started: every step overshoots.',
        state: { lr: 10 },
      },
    ],
  },
  {
    id: 'backprop',
    title: 'Backpropagation, one Step at a time',
    summary: 'The chain rule with the model\'s own numbers, and one gradient-descent step.',
    base: { dataset: 'circle', layers: [{ units: 3, activation: 'tanh' }], optimizer: 'sgd', lr: 0.1, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'Forward, backward, update',
        text: '"Learn the math" follows one example through the network (forward pass) to its loss L, then back (backward pass): the chain rule turns ∂L/∂a into ∂L/∂z = ∂L/∂a · f′(z), and that into each weight\'s gradient ∂L/∂W = x · ∂L/∂z. With SGD a weight then moves by ΔW = −η · ∂L/∂W.',
        tryThis: 'Note the selected weight W₁,₁, its ΔW and the loss L in "Learn the math", then press "Step: train on this example" once.',
        lookFor: 'The weight is now exactly W + ΔW as shown before the Step (η = 0.1), and the loss L of this example is lower.',
      },
      {
        title: 'Again and again',
        text: 'Each Step computes the gradient afresh at the new weights and moves down it again.',
        tryThis: 'Press "Step: train on this example" five more times, watching L.',
        lookFor: 'The loss of this example falls at every Step: gradient descent on one example.',
      },
      {
        title: 'Every example, in batches',
        text: 'Training does the same on batches of examples (here 16), with the gradient averaged over the batch, one batch after another through all the training data: an epoch.',
        tryThis: 'Press Play.',
        lookFor: 'The training loss curve falls epoch after epoch, and the boundary bends around the circle.',
      },
    ],
  },
  {
    id: 'overfit',
    title: 'Overfitting and regularization',
    summary: 'A big network learns the noise of a few points; L2, dropout or early stopping rein it in.',
    base: { dataset: 'moons', size: 100, noise: 0.3, valPct: 30, layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }], optimizer: 'adam', lr: 0.01, batch: 8, epochs: 300 },
    steps: [
      {
        title: 'A big network, few points',
        text: 'Three layers of 64 neurons, 8 577 weights and biases, for 49 noisy training points. The validation data (21 points) is not trained on: it shows how the model does on data it has not seen.',
        tryThis: 'Press Play and watch the two loss curves.',
        lookFor: 'The training loss falls to almost 0, while the validation loss falls for a few epochs, then climbs far above its minimum: the network learns the noise of its training points by heart (overfitting), and the boundary wraps around single points.',
      },
      {
        title: 'L2 brings it down',
        text: 'An L2 penalty adds λ·Σw² to the loss (λ = 0.01 here), so large weights cost: the network is pushed towards smoother boundaries.',
        tryThis: 'Press Play: the same network, with Regularization L2 at rate 0.01.',
        lookFor: 'The validation loss ends far lower than without L2 (below half), and the boundary is smooth.',
        state: { reg: 'l2' },
      },
      {
        title: 'Or dropout',
        text: 'Dropout switches off a random 20% of the neurons of each hidden layer at every training step, so no neuron can rely on a few others: another way to keep the network from learning the noise.',
        tryThis: 'Press Play: Regularization none, Dropout rate 0.2.',
        lookFor: 'Again the validation loss ends far lower than without regularization.',
        state: { dropout: 0.2 },
      },
      {
        title: 'Or stop in time',
        text: 'Early stopping watches the validation loss and ends training when it has not improved for a number of epochs (the patience), keeping the weights of its best epoch.',
        tryThis: 'Press Play: no regularization, Early stopping with a patience of 20 epochs.',
        lookFor: 'Training stops long before epoch 300, and the status line says the weights with the best validation loss are kept.',
        state: { earlyStop: true, patience: 20 },
      },
    ],
  },
  {
    id: 'normalize',
    title: 'Normalization',
    summary: 'Inputs on wildly different scales, and the layer that puts them on one.',
    base: { dataset: 'breast_cancer', layers: [{ units: 16, activation: 'relu' }], optimizer: 'adam', lr: 0.001, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'Raw inputs',
        text: 'The 30 inputs of the breast cancer data are on very different scales: mean_area is in the hundreds (up to 2 500), mean_smoothness around 0.1. The first layer\'s sums are dominated by the large ones, and its neurons start out saturated.',
        tryThis: 'Press Play (Normalize inputs is off).',
        lookFor: 'The validation accuracy stays low: the network answers one class for (nearly) every example, and the loss hardly moves.',
      },
      {
        title: 'Normalized inputs',
        text: 'A normalization layer learns each input\'s mean μ and variance σ² from the training data, and feeds the network x̂ = (x − μ)/σ: every input centred on 0, with spread 1.',
        tryThis: 'Press Play (Normalize inputs is on). Then read the normalization layer in "Learn the math".',
        lookFor: 'Validation accuracy above 95% within a few epochs. The math panel shows each input\'s μ and σ², as the layer learned them, and x̂ for this example, all of a similar size.',
        state: { normalize: true },
      },
    ],
  },
  {
    id: 'threshold',
    title: 'Thresholds, ROC and precision–recall',
    summary: 'A binary classifier gives a score; where you cut it trades precision for recall.',
    base: { dataset: 'circle', noise: 0.3, size: 300, layers: [{ units: 6, activation: 'tanh' }], optimizer: 'adam', lr: 0.03, batch: 16, epochs: 20 },
    steps: [
      {
        title: 'A score, not a class',
        text: 'The network outputs a score p between 0 and 1; a threshold turns it into a class: 1 where p is above it. The ROC curve shows, for every threshold at once, the share of class 1 found (recall, the true positive rate) against the share of class 0 wrongly called 1 (the false positive rate). Its area, the AUC, is the chance that a random point of class 1 scores above a random point of class 0: 0.5 is guessing, 1 is perfect.',
        tryThis: 'Press Play, then look at the Evaluation panel.',
        lookFor: 'The ROC curve bows far above the diagonal: the AUC is above 0.8. The orange dot is threshold 0.5. The panel shows the test rows\' final evaluation at threshold 0.5.',
      },
      {
        title: 'Lower the threshold: more found, more false alarms',
        text: 'At threshold 0.2 a point is called class 1 as soon as its score passes 0.2. Moving the threshold scores the validation rows: a threshold is chosen on validation data, never on the test data.',
        tryThis: 'Read precision and recall (validation rows) at 0.2. Move the Threshold slider to 0.5, read them again, and back to 0.2.',
        lookFor: 'At 0.2 recall is higher than at 0.5 and precision lower: FN falls and FP rises, and the dot moves up and right along the ROC curve. The test numbers do not move.',
        state: { threshold: 0.2 },
      },
      {
        title: 'Raise the threshold: fewer false alarms, more missed',
        text: 'At threshold 0.8 only confident scores count as class 1.',
        tryThis: 'Read precision and recall at 0.8, and compare with 0.5 on the slider.',
        lookFor: 'At 0.8 precision is higher than at 0.5 and recall lower: FP falls and FN rises, and the dot moves down and left. No threshold gives both: choosing one is choosing which error costs more.',
        state: { threshold: 0.8 },
      },
    ],
  },
  {
    id: 'augment',
    title: 'Data augmentation',
    summary: 'Few training digits, and batches changed at random so that they teach more than they hold.',
    base: { dataset: 'digits', testPct: 80, valPct: 50, layers: [{ units: 128, activation: 'relu' }], optimizer: 'adam', lr: 0.001, batch: 32, epochs: 100 },
    steps: [
      {
        title: 'Few training rows',
        text: 'Of the 1 797 handwritten digits, 80 % are set aside as test data and half of the rest for validation: the network of 128 ReLU neurons learns from only 179 digits of 8×8 pixels, and has 9 610 weights to do it with.',
        tryThis: 'Press Play and watch the two loss curves.',
        lookFor: 'The training loss falls to almost 0 (below 0.01): the network knows its 179 digits by heart. The validation loss stays far above it (about 0.3), and validation accuracy ends near 90 %: on digits it has not seen it does worse.',
      },
      {
        title: 'Augmented batches',
        text: 'Augmentation changes every training batch at random before the network sees it: each digit shifted by up to half a pixel, turned by up to 10° and zoomed by up to 10 %. A digit moved a little is still the same digit, so every epoch brings slightly new examples. The validation and test rows are never changed. The model starts from the same weights as before (the same seed).',
        tryThis: 'Read the Augmentation panel (Shift 0.5, Rotate 10, Zoom 0.1) and the code view\'s fit, then press Play. If you ran step 1, the panel\'s table lists both runs.',
        lookFor: 'The training loss stays higher than without augmentation (each batch is new to the network), while the validation loss ends lower and validation accuracy higher than in step 1: the gap between training and validation narrows.',
        state: { augShift: 0.5, augRotate: 10, augScale: 0.1 },
      },
      {
        title: 'Too much of a good thing',
        text: 'An augmentation must keep the label true. Shifted by 2 of its 8 pixels, turned by up to 45° and zoomed by 30 %, a digit may leave the picture or look like another one (a turned 6 is a 9).',
        tryThis: 'Press Play: Shift 2, Rotate 45, Zoom 0.3.',
        lookFor: 'Validation accuracy ends far below both earlier runs: the network learns from examples whose labels no longer fit them. How much to augment is itself a setting to choose on validation data.',
        state: { augShift: 2, augRotate: 45, augScale: 0.3 },
      },
    ],
  },
  {
    id: 'tune',
    title: 'Choosing hyperparameters',
    summary: 'A small search over settings, scored on held-out training rows; the test data once, at the end.',
    base: { dataset: 'moons', noise: 0.2, size: 300, layers: [{ units: 4, activation: 'tanh' }], optimizer: 'adam', lr: 0.001, batch: 16, epochs: 30, tuneVary: ['units', 'lr'], tuneMethod: 'grid', tuneTrials: 8, tuneFolds: 3, tuneMetric: 'val_loss', tuneSeed: 1 },
    steps: [
      {
        title: 'A small search',
        text: 'Units, learning rate, batch size… are hyperparameters: settings chosen before training, not learned by it. A search tries several and scores each the same way. Here: 8 of the 16 combinations of 4, 8, 16 or 32 units and learning rates 0.001 to 0.1, each trained three times by 3-fold cross-validation: the training rows are cut in three, each third is held out once and scored by a model trained on the other two.',
        tryThis: 'Press "Run the search" in Search settings and watch the table fill (the page stays usable meanwhile).',
        lookFor: 'The 8 trials run in Web Workers; the table then lists them best first, each with its mean validation loss ± its spread over the 3 folds and every fold\'s own score. The page\'s own setting (4 units, learning rate 0.001) comes last, its validation loss more than four times the best\'s.',
      },
      {
        title: 'Why not the test data?',
        text: 'The search picks the best of 8 scores, and part of what makes a score best is luck: the best score flatters its setting. Had the search been scored on the test rows, the test score would flatter it too, and nothing would be left to tell how the model does on new data. So a search scores on training rows held out from each trial (folds, or one held-out part), and the test rows wait.',
        tryThis: 'Run the search (if the table is empty), then read the line above the table and the ± of the first trials.',
        lookFor: 'The table says which rows scored the trials: 3 folds of the training rows; the test loss and accuracy in the Output panel still read "–". The first two trials are closer to each other than their spread: which of them is best is partly chance.',
      },
      {
        title: 'Use the best, then test once',
        text: '"Use the best setting" puts the best trial\'s units and learning rate into the page (and its link). Trained on the training rows, the model is then evaluated on the test rows: once, at the end, as the one honest estimate.',
        tryThis: 'Run the search if the table is empty, press "Use the best setting", then Play.',
        lookFor: 'The units and learning rate are the best trial\'s. After 30 epochs the validation loss is far below the score of the page\'s first setting (the table\'s last row), and the status line gives the test accuracy: the final evaluation, made once.',
      },
    ],
  },
];

/** Lesson ids, for the state's enum ('none' when no lesson runs). */
export const LESSON_IDS = LESSONS.map((l) => l.id);

/** The lesson with id, or null. */
export function lessonById(id) {
  return LESSONS.find((l) => l.id === id) ?? null;
}

/**
 * The settings of step n (1-based) of lesson id: the lessons' common
 * settings, the lesson's own, the step's, and the lesson and step keys.
 * null for no such lesson or step.
 */
export function lessonState(id, n) {
  const lesson = lessonById(id);
  const step = lesson?.steps[n - 1];
  if (!step) return null;
  const copy = (o) => JSON.parse(JSON.stringify(o));
  return { ...COMMON, ...copy(lesson.base), ...copy(step.state ?? {}), lesson: id, step: n };
}
