// Placeholder: the load bench (emulated rural links, synthetic classes, relay vs Janus) arrives
// with the media relay. Until then this only proves the project builds against Core.
Console.WriteLine($"Classroom bench: nothing to run yet (join code alphabet: {Classroom.Core.JoinCodes.JoinCode.Alphabet.Length} symbols).");
