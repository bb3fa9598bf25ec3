namespace ReasonRL.Verifiers.Cipher;

/// <summary>Short common English words, the plaintexts of the cipher family (lowercase a–z, 2–6 letters).</summary>
internal static class Words
{
    public static IReadOnlyList<string> All { get; } =
    [
        "able", "about", "above", "act", "add", "after", "again", "age", "air", "all", "also", "and", "animal", "answer",
        "any", "apple", "area", "arm", "art", "ask", "baby", "back", "bad", "ball", "bank", "bear", "bed", "bell", "best",
        "bird", "black", "blue", "boat", "body", "book", "box", "boy", "bread", "bring", "brown", "build", "bus", "buy",
        "by", "cake", "call", "came", "can", "car", "care", "cat", "city", "class", "clean", "close", "cold", "come",
        "cook", "cool", "corn", "cup", "cut", "dark", "day", "deep", "dog", "door", "down", "draw", "dream", "drink",
        "dry", "each", "early", "earth", "east", "easy", "eat", "egg", "end", "even", "every", "eye", "face", "fact",
        "fall", "far", "farm", "fast", "fish", "five", "floor", "fly", "food", "foot", "form", "four", "free", "friend",
        "from", "fruit", "full", "game", "garden", "gift", "girl", "give", "glass", "go", "gold", "good", "green",
        "ground", "grow", "hand", "happy", "hard", "hat", "head", "hear", "heart", "help", "high", "hill", "hold", "home",
        "hope", "horse", "hot", "house", "idea", "ink", "iron", "jump", "just", "keep", "key", "kind", "king", "know",
        "lake", "land", "large", "late", "laugh", "learn", "leaf", "left", "light", "line", "lion", "list", "little",
        "long", "look", "love", "low", "make", "man", "many", "map", "milk", "mind", "moon", "more", "most", "move",
        "music", "name", "near", "never", "new", "next", "nice", "night", "north", "note", "now", "number", "ocean",
        "old", "one", "open", "order", "other", "over", "page", "paper", "park", "part", "pen", "people", "pick", "place",
        "plan", "play", "point", "quick", "quiet", "rain", "read", "red", "rest", "rich", "river", "road", "rock", "room",
        "round", "run", "safe", "salt", "same", "sand", "say", "sea", "seed", "see", "seven", "ship", "shop", "short",
        "show", "sing", "sit", "six", "sky", "sleep", "slow", "small", "snow", "soft", "song", "soon", "sound", "south",
        "space", "speak", "star", "start", "step", "stone", "stop", "story", "sun", "sweet", "table", "take", "talk",
        "tall", "tea", "tell", "ten", "test", "think", "three", "time", "top", "town", "tree", "true", "try", "turn",
        "two", "under", "up", "use", "very", "voice", "walk", "wall", "warm", "water", "wave", "way", "west", "white",
        "wind", "window", "winter", "wise", "wood", "word", "work", "world", "write", "year", "yellow", "young", "zero",
    ];
}
