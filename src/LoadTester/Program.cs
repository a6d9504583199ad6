Console.WriteLine("ActorStudio load tester");
